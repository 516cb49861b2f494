// Runs before the page paints: applies the theme the reader chose earlier (if any), so a dark
// page never flashes light. Without a stored choice the CSS follows prefers-color-scheme.
(function () {
  try {
    var theme = localStorage.getItem('saferlhub-theme');
    if (theme === 'light' || theme === 'dark') {
      document.documentElement.setAttribute('data-theme', theme);
    }
  } catch (e) {
    // Storage may be blocked (private mode, file://); the system theme still applies.
  }
})();
