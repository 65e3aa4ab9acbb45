import type { Broadcast } from "./broadcasts";

/** Callbacks for the user's actions on a broadcast in the list. */
export interface ListActions {
  open: (broadcast: Broadcast) => void;
  /** Resolves true when the rename was saved, so the form can close. */
  rename: (broadcast: Broadcast, name: string) => Promise<boolean>;
  remove: (broadcast: Broadcast) => void;
}

const timeFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: "medium",
  timeStyle: "short",
});

function button(label: string, className: string): HTMLButtonElement {
  const element = document.createElement("button");
  element.type = "button";
  element.className = className;
  element.textContent = label;
  return element;
}

/**
 * The list of broadcasts. Items are kept by ID between updates, so a rename
 * form that is open keeps its text and focus while the list changes.
 */
export class BroadcastList {
  private readonly items = new Map<string, HTMLLIElement>();
  private readonly latest = new Map<string, Broadcast>();
  private editingId: string | undefined;

  constructor(
    private readonly list: HTMLUListElement,
    private readonly empty: HTMLElement,
    private readonly actions: ListActions,
  ) {}

  /** Shows `broadcasts` in order; `uid` decides which ones are owned. */
  render(
    broadcasts: Broadcast[],
    uid: string | undefined,
    openId: string | undefined,
  ): void {
    const seen = new Set<string>();
    for (const broadcast of broadcasts) {
      seen.add(broadcast.id);
      this.latest.set(broadcast.id, broadcast);
      let item = this.items.get(broadcast.id);
      if (!item) {
        item = document.createElement("li");
        item.className = "broadcast";
        item.dataset.id = broadcast.id;
        this.items.set(broadcast.id, item);
      }
      item.classList.toggle("broadcast--open", broadcast.id === openId);
      if (broadcast.id !== this.editingId) {
        this.fillItem(item, broadcast, broadcast.owner === uid);
      }
      // Appending an attached node moves it, which keeps the list in order.
      this.list.append(item);
    }
    for (const [id, item] of this.items) {
      if (seen.has(id)) continue;
      item.remove();
      this.items.delete(id);
      this.latest.delete(id);
      if (id === this.editingId) this.editingId = undefined;
    }
    this.empty.hidden = broadcasts.length > 0;
  }

  private fillItem(item: HTMLLIElement, broadcast: Broadcast, owned: boolean) {
    item.dataset.owned = String(owned);
    const open = button("", "broadcast-open");
    open.addEventListener("click", () => this.actions.open(broadcast));
    // The backend cannot see a broadcast before the server has stored it.
    open.disabled = broadcast.pending;
    if (owned) {
      const star = document.createElement("span");
      star.className = "star";
      star.textContent = "★";
      star.title = "You own this broadcast";
      star.setAttribute("aria-label", "Yours:");
      open.append(star);
    }
    const name = document.createElement("span");
    name.className = "broadcast-name";
    name.textContent = broadcast.name;
    const time = document.createElement("span");
    time.className = "broadcast-time";
    time.textContent = broadcast.createdAt
      ? timeFormat.format(broadcast.createdAt)
      : "";
    open.append(name, time);
    item.replaceChildren(open);

    // Only the owner gets controls. The rules reject everyone else's writes.
    if (!owned) return;
    const rename = button("Rename", "broadcast-rename");
    rename.addEventListener("click", () => this.startRename(item, broadcast));
    const remove = button("Delete", "broadcast-delete danger");
    remove.addEventListener("click", () => this.actions.remove(broadcast));
    const controls = document.createElement("div");
    controls.className = "broadcast-actions";
    controls.append(rename, remove);
    item.append(controls);
  }

  private startRename(item: HTMLLIElement, broadcast: Broadcast): void {
    this.editingId = broadcast.id;
    const form = document.createElement("form");
    form.className = "rename-form";
    const input = document.createElement("input");
    input.name = "name";
    input.value = broadcast.name;
    input.required = true;
    input.setAttribute("aria-label", "New name");
    const save = button("Save", "primary");
    save.type = "submit";
    const cancel = button("Cancel", "");
    form.append(input, save, cancel);
    item.replaceChildren(form);
    input.focus();

    const finish = () => {
      this.editingId = undefined;
      // Updates that arrived while the form was open were not shown.
      this.fillItem(item, this.latest.get(broadcast.id) ?? broadcast, true);
    };
    cancel.addEventListener("click", finish);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void this.actions.rename(broadcast, input.value).then((saved) => {
        if (saved) finish();
      });
    });
  }
}
