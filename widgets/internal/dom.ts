/** The few DOM helpers the elements share. */

/** The node of a shadow root with the given `part` (the template guarantees it exists). */
export function part<T extends HTMLElement = HTMLElement>(root: ParentNode, name: string): T {
  return root.querySelector(`[part~="${name}"]`) as T;
}

/** Sets an element's text, hiding it when there is none so empty lines take no space. */
export function text(element: HTMLElement, value: string): void {
  if (element.textContent !== value) element.textContent = value;
  element.hidden = !value;
}
