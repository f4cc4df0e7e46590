/** The page's element with this id (the HTML defines every one the page uses). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

/** An input of the page, by id. */
export const inputById = (id: string): HTMLInputElement => byId<HTMLInputElement>(id);

/** A dialog of the page, by id. */
export const dialogById = (id: string): HTMLDialogElement => byId<HTMLDialogElement>(id);
