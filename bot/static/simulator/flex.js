// Renders LINE Flex message JSON (the parts the bot uses) as HTML elements.
"use strict";

window.renderFlex = function renderFlex(node, onAction) {
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function flexOf(e, n) {
    if (typeof n.flex === "number") e.style.flex = String(n.flex);
    if (n.color && n.type === "text") e.style.color = n.color;
  }
  function render(n) {
    switch (n.type) {
      case "bubble": {
        const b = el("div", "flex-bubble");
        for (const part of ["header", "hero", "body", "footer"]) {
          if (!n[part]) continue;
          const wrap = el("div", "flex-" + part);
          wrap.appendChild(render(n[part]));
          b.appendChild(wrap);
        }
        return b;
      }
      case "carousel": {
        const c = el("div", "flex-box horizontal spacing-md");
        (n.contents || []).forEach((x) => c.appendChild(render(x)));
        return c;
      }
      case "box": {
        const b = el("div", "flex-box " + (n.layout || "vertical") +
          (n.spacing ? " spacing-" + n.spacing : ""));
        flexOf(b, n);
        (n.contents || []).forEach((x) => b.appendChild(render(x)));
        return b;
      }
      case "text": {
        const t = el("div", "flex-text size-" + (n.size || "md") +
          (n.weight === "bold" ? " bold" : ""), n.text || "");
        flexOf(t, n);
        return t;
      }
      case "separator":
        return el("hr", "flex-separator");
      case "button": {
        const btn = el("button", "flex-button " + (n.style || "link"),
          (n.action && n.action.label) || "");
        btn.type = "button";
        flexOf(btn, n);
        btn.addEventListener("click", () => onAction(n.action));
        return btn;
      }
      default:
        return el("div", "flex-text size-xs", "[" + n.type + "]");
    }
  }
  return render(node);
};
