// The server has read the key from ?apiKey= (the review page holds it now, or its error page has
// refused it): it leaves the address bar and the history, as on the home page, so it is not shared
// with the link or shown over a shoulder. Run on load by the review page and by its error pages.
const address = new URL(location.href);
if (address.searchParams.has('apiKey')) {
  address.searchParams.delete('apiKey');
  history.replaceState(null, '', `${address.pathname}${address.search}${address.hash}`);
}
