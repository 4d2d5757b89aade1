// A minimal DOM for unit-testing the snapshot walk and the marks in node (no browser): only what
// snapshot.js and marks.js touch. Elements are visible unless given style.display = 'none'.
export class Node {
  constructor(type) {
    this.nodeType = type;
    this.parentNode = null;
    this.firstChild = null;
    this.lastChild = null;
    this.nextSibling = null;
    this.previousSibling = null;
    this.host = undefined;
  }
  append(...kids) {
    for (const k of kids) {
      const kid = typeof k === 'string' ? new Text(k) : k;
      kid.parentNode = this;
      if (this.lastChild) {
        this.lastChild.nextSibling = kid;
        kid.previousSibling = this.lastChild;
      } else {
        this.firstChild = kid;
      }
      this.lastChild = kid;
    }
    return this;
  }
  remove() {
    const p = this.parentNode;
    if (!p) return;
    if (this.previousSibling) this.previousSibling.nextSibling = this.nextSibling;
    else p.firstChild = this.nextSibling;
    if (this.nextSibling) this.nextSibling.previousSibling = this.previousSibling;
    else p.lastChild = this.previousSibling;
    this.parentNode = this.nextSibling = this.previousSibling = null;
  }
  getRootNode() {
    let n = this;
    while (n.parentNode) n = n.parentNode;
    return n;
  }
  get isConnected() {
    let n = this;
    for (;;) {
      const root = n.getRootNode();
      if (root.isDocument) return true;
      if (!root.host) return false;
      n = root.host;
    }
  }
}

export class Text extends Node {
  constructor(data) {
    super(3);
    this.data = data;
  }
}

export class Element extends Node {
  constructor(tag, attrs = {}, ...kids) {
    super(1);
    this.localName = tag;
    this.attributes = [];
    this.style = { display: 'block', visibility: 'visible' };
    this.shadowRoot = null;
    for (const [name, value] of Object.entries(attrs)) this.setAttribute(name, value);
    this.append(...kids);
  }
  get firstElementChild() {
    let c = this.firstChild;
    while (c && c.nodeType !== 1) c = c.nextSibling;
    return c;
  }
  hasAttributes() {
    return this.attributes.length > 0;
  }
  getAttribute(name) {
    const a = this.attributes.find((x) => x.name === name);
    return a ? a.value : null;
  }
  hasAttribute(name) {
    return this.getAttribute(name) !== null;
  }
  setAttribute(name, value) {
    const a = this.attributes.find((x) => x.name === name);
    if (a) a.value = String(value);
    else this.attributes.push({ name, value: String(value) });
  }
  removeAttribute(name) {
    this.attributes = this.attributes.filter((x) => x.name !== name);
  }
  checkVisibility() {
    for (let n = this; n && n.nodeType === 1; n = n.parentNode || n.host) {
      if (n.style.display === 'none' || n.style.visibility === 'hidden') return false;
    }
    return true;
  }
  attachShadow() {
    const root = new Node(11);
    root.host = this;
    this.shadowRoot = root;
    return root;
  }
}

export class Document extends Node {
  constructor(body) {
    super(9);
    this.isDocument = true;
    this.documentElement = new Element('html', {}, body);
    this.append(this.documentElement);
    this.body = body;
    this.activeElement = body;
    this.fullscreenElement = null;
    this.defaultView = { getComputedStyle: (el) => el.style };
  }
  /** Only the selector marks.js uses: [data-pith-label]. */
  querySelectorAll(selector) {
    if (selector === '[data-pith-label]') {
      const out = [];
      const walk = (n) => {
        for (let c = n.firstChild; c; c = c.nextSibling) {
          if (c.nodeType === 1) {
            if (c.hasAttribute('data-pith-label')) out.push(c);
            walk(c);
          }
        }
      };
      walk(this);
      return out;
    }
    throw new Error(`fakedom: unsupported selector ${selector}`);
  }
}

export const h = (tag, attrs, ...kids) => new Element(tag, attrs, ...kids);
