// The assessment page's one self-assessment form (page_assessment.c):
// brings the first refused field and its message into view, adds up the
// points as typed, says when something typed is not saved yet, warns before leaving the page with
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
  // the total of the self points as typed (an empty field keeps the saved
  // points, a ticked "clear" removes them), in the page's decimal mark
  const line = document.getElementById('typed-total-line');
  const out = document.getElementById('typed-total');
  const comma = document.documentElement.lang !== 'en';
  const read = (s) => {
    const t = (s || '').trim().replace(',', '.');
    return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : null;
  };
  const total = () => {
    if (!out || !line)
      return;
    let sum = 0;
    document.querySelectorAll('input[name^="self:"]').forEach((i) => {
      const clear = document.querySelector(`input[name="clear:${i.name.slice(5)}"]`);
      const v = clear && clear.checked ? null : (read(i.value) ?? read(i.dataset.saved));
      if (v !== null)
        sum += v;
    });
    const text = String(Math.round(sum * 1e6) / 1e6);
    out.textContent = comma ? text.replace('.', ',') : text;
    line.hidden = false;
  };
  fields.forEach((f) => f.addEventListener('input', total));
  fields.forEach((f) => f.addEventListener('change', total));
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
