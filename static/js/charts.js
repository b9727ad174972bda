/* Interactive charts, as an enhancement of the static SVG already in the page.
 *
 * For each <figure data-chart-spec> (charts that opt in): when it comes near the
 * viewport, or when the reader presses its button, load vega + vega-embed (self-hosted,
 * once per page), fetch the chart's compiled Vega spec and draw it in the hidden live
 * container. `ast: true` uses Vega's expression interpreter, so no eval: the page works
 * under `script-src 'self'`. vega-embed and vega-tooltip must not inject <style>
 * (`style-src 'self'`): their rules are in site.css. If anything fails, the static SVG
 * stays; print always uses it (site.css). Data saver, or a phone: only on request. A phone is where
 * site.css shows a chart's phone drawing (its own breakpoint): that drawing was made for the screen,
 * and Vega with vega-embed (572 KB uncompressed), on what is often a metered connection, only for tooltips.
 * So is a phone turned sideways (740×360, 844×390), which shows the wide drawing: a touch screen whose
 * narrow side is under site.css's breakpoint (device-width and -height: deprecated, still required of
 * browsers); a laptop's short or zoomed screen, with its mouse, is no phone.
 */
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  var figures = document.querySelectorAll("figure[data-chart-spec]");
  if (!here || !figures.length || !window.fetch || !window.Promise) return;

  var VENDOR = ["../vendor/vega-6.2.0/vega.min.js", "../vendor/vega-embed-7.0.2/vega-embed.min.js"];
  var libraries = null;

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = new URL(src, here).href;
      script.onload = resolve;
      script.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(script);
    });
  }

  function loadLibraries() {
    // vega-embed's UMD build reads window.vega when it runs: strictly one after the other.
    libraries = libraries || loadScript(VENDOR[0]).then(function () { return loadScript(VENDOR[1]); });
    return libraries;
  }

  function upgrade(figure) {
    if (figure.dataset.chartState) return;
    figure.dataset.chartState = "loading";
    var staticChart = figure.querySelector(".chart__static");
    var live = figure.querySelector(".chart__live");
    var button = figure.querySelector(".chart__upgrade");
    var specUrl = new URL(figure.dataset.chartSpec, document.baseURI).href;
    var spec = fetch(specUrl, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(specUrl + ": " + response.status);
      return response.json();
    });
    Promise.all([loadLibraries(), spec]).then(function (results) {
      // A hidden container has no width, and `width: "container"` would draw 0 px wide:
      // show it (as tall as the static chart, so nothing jumps) before embedding.
      live.style.minHeight = staticChart.getBoundingClientRect().height + "px";
      live.hidden = false;
      staticChart.hidden = true;
      return window.vegaEmbed(live, results[1], {
        mode: "vega", renderer: "svg", actions: false, ast: true,
        defaultStyle: false, tooltip: tooltip.handler
      });
    }).then(function () {
      live.style.minHeight = "";
      // A reader who pressed the button goes on at the chart it drew: hiding the focused button
      // would drop focus to the top of the page.
      var asked = button && button.contains(document.activeElement);
      if (button) button.hidden = true;
      figure.dataset.chartState = "live";
      if (asked) {
        live.tabIndex = -1;
        live.focus();
      }
    }).catch(function (error) {
      live.hidden = true;
      live.textContent = "";
      staticChart.hidden = false;
      delete figure.dataset.chartState;      // the button may try again
      if (button) button.hidden = false;
      if (window.console) console.warn("chart stays static:", error);
    });
  }

  // One tooltip for every chart, kept inside the window. Vega calls `handler` when a mouse moves
  // over a mark or leaves it; a touch has no hover, so a tap on a mark shows the mark's tooltip,
  // and a tap elsewhere, or a scroll, hides it.
  var tooltip = (function () {
    // A mouse that leaves the mark for the tooltip keeps it (WCAG 1.4.13, hoverable): it is
    // hidden a moment after the mark is left, unless the pointer is on it by then.
    var element = null, touched = 0, leaving = 0, LINGER = 300;
    function hide() {
      clearTimeout(leaving);
      if (element) element.classList.remove("visible");
    }
    function hideSoon() {
      clearTimeout(leaving);
      leaving = setTimeout(function () { if (!element.matches(":hover")) hide(); }, LINGER);
    }
    function show(value, x, y, fromMouse) {
      if (value == null || value === "") {
        if (fromMouse && element && element.classList.contains("visible")) hideSoon(); else hide();
        return;
      }
      clearTimeout(leaving);
      if (!element) {
        element = document.createElement("div");
        element.id = "vg-tooltip-element";
        element.setAttribute("role", "tooltip");
        element.addEventListener("pointerleave", function (event) { if (event.pointerType === "mouse") hideSoon(); });
        document.body.appendChild(element);
      }
      element.textContent = "";
      if (typeof value === "object") {
        var table = document.createElement("table");
        Object.keys(value).forEach(function (key) {
          var row = table.insertRow(), name = row.insertCell(), text = row.insertCell();
          name.className = "key";
          text.className = "value";
          name.textContent = key;
          text.textContent = String(value[key]);
        });
        element.appendChild(table);
      } else {
        element.textContent = String(value);
      }
      element.classList.add("visible");
      element.classList.toggle("by-mouse", Boolean(fromMouse));
      var box = element.getBoundingClientRect(), gap = 12;
      var left = Math.min(Math.max(8, x + gap), window.innerWidth - box.width - 8);
      var top = y + gap + box.height <= window.innerHeight - 8 ? y + gap : Math.max(8, y - gap - box.height);
      element.style.left = Math.max(8, left) + "px";
      element.style.top = top + "px";
    }
    function markAt(target) {
      for (var node = target; node && node.nodeType === 1; node = node.parentNode) {
        var item = node.__data__;                  // Vega's SVG renderer keeps each mark's item here
        if (item && item.tooltip != null) return item;
        if (node.classList && node.classList.contains("chart__live")) break;
      }
      return null;
    }
    document.addEventListener("pointerdown", function (event) {
      if (event.pointerType !== "mouse") touched = Date.now();
    }, true);
    document.addEventListener("pointerup", function (event) {
      if (event.pointerType === "mouse") return;
      var item = event.target instanceof Element && event.target.closest(".chart__live") && markAt(event.target);
      if (item) show(item.tooltip, event.clientX, event.clientY);
      else hide();
    });
    window.addEventListener("scroll", hide, { passive: true });
    // Escape dismisses it without moving the pointer (WCAG 1.4.13), as it does a source preview.
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") hide();
    });
    return {
      handler: function (handler, event, item, value) {
        // Taps are handled above, and so are the mouse events a browser makes up after a tap.
        if (event && ((event.pointerType && event.pointerType !== "mouse") || Date.now() - touched < 1000)) return;
        show(value, event ? event.clientX : 0, event ? event.clientY : 0, true);
      }
    };
  })();

  var saveData = navigator.connection && navigator.connection.saveData;
  var observer = !saveData && "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) {
        observer.unobserve(entry.target);
        upgrade(entry.target);
      }
    });
  }, { rootMargin: "200px" }) : null;

  var touch = "(hover: none) and (pointer: coarse) and ";
  var phoneScreen = window.matchMedia(touch + "(max-device-width: 41.98rem), " + touch + "(max-device-height: 41.98rem)").matches;
  Array.prototype.forEach.call(figures, function (figure) {
    var button = figure.querySelector(".chart__upgrade");
    var narrow = figure.querySelector(".chart__narrow");
    var byItself = Boolean(observer) && !phoneScreen && !(narrow && getComputedStyle(narrow).display !== "none");
    if (button) {
      button.querySelector("button").addEventListener("click", function () { upgrade(figure); });
      button.hidden = byItself;              // offered when charts do not upgrade by themselves
    }
    if (byItself) observer.observe(figure);
  });
})();
