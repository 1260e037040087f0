/** A library request refused for a reason the user can act on: the message is shown to them as it is. */
export class LibraryRefusal extends Error {
  override name = "LibraryRefusal";
}
