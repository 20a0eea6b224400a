// parindex's scripts: progressive enhancement only (every page works
// without them). One file per feature in src/web/js, concatenated in name
// order into /static/app.js; loaded with defer, so the DOM is ready.
'use strict';
