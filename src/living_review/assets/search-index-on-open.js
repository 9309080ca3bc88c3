// The search index is fetched when the reader opens search, not with every page.
//
// Material (9.x) requests search/search_index.json as soon as a page loads over http (from
// file:// it already waits until search opens), and no setting of the theme changes that. This
// script runs before the theme's (it is one of the theme's `extra.polyfills`, in <head>) and holds
// back only that request, until the search toggle opens; a page reached from a search result
// (`?h=` in its address) needs the index at once to highlight the words, and gets it.
(() => {
  const INDEX_PATH = "/search/search_index.json"
  const { open, send } = XMLHttpRequest.prototype
  const indexRequests = new WeakSet()

  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    const address = new URL(url, location.href)
    if (address.origin === location.origin && address.pathname.endsWith(INDEX_PATH))
      indexRequests.add(this)
    else
      indexRequests.delete(this)  // a request object opened again, for another address
    return open.call(this, method, url, ...rest)
  }

  XMLHttpRequest.prototype.send = function (...body) {
    const toggle = document.getElementById("__search")
    const highlights = new URLSearchParams(location.search).get("h")
    if (!indexRequests.has(this) || !toggle || toggle.checked || highlights)
      return send.apply(this, body)
    const request = this
    toggle.addEventListener("change", function opened() {
      if (!toggle.checked)
        return
      toggle.removeEventListener("change", opened)
      send.apply(request, body)
    })
  }
})()
