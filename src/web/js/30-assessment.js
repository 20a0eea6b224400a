// The assessment page's one self-assessment form (page_assessment.c):
// brings the first refused field and its message into view, says when
// something typed is not saved yet, warns before leaving the page with
// it. The form works the same without this script.
(function () {
  const form = document.getElementById('self-form');
  if (!form)
    return;
  // after a refused save: the first wrong field (autofocus) and its message
  // in the middle of the screen, not only the summary at the top
  const first = document.querySelector('[aria-invalid="true"][autofocus]');
  if (first) {
    first.focus({ preventScroll: true });
    (first.closest('p') || first).scrollIntoView({ block: 'center', behavior: 'instant' });
  }
  const fields = Array.from(document.querySelectorAll('[form="self-form"]'));
  const unsaved = document.getElementById('unsaved');
  let dirty = false;
  const mark = () => {
    dirty = true;
    if (unsaved)
      unsaved.hidden = false;
  };
  fields.forEach((f) => f.addEventListener('input', mark));
  fields.forEach((f) => f.addEventListener('change', mark));
  form.addEventListener('submit', () => { dirty = false; });
  window.addEventListener('beforeunload', (e) => {
    if (dirty) {
      e.preventDefault();
      e.returnValue = '';
    }
  });
})();
