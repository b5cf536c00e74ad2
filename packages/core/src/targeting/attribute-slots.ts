/**
 * Reading a context attribute by name without a megamorphic keyed load.
 *
 * `record[name]` with a name that changes from call to call (as in a loop over a rule's tests, or a
 * closure shared by many flags) is a megamorphic keyed load in V8: measured at about 190 instructions,
 * against a handful for `record.plan`. A load site that always sees the same name is cached for it. So
 * each attribute name gets a slot (in order of first use, for the whole process), and each slot its own
 * load site in `readSlot`: the first SLOT_COUNT names read as fast as a property access written in the
 * code; later names share the last, generic site.
 */

const SLOT_COUNT = 16;
const slots = new Map<string, number>();

/** The slot of an attribute name: its own load site while there are free ones, else the generic one. */
export function slotOf(name: string): number {
  const known = slots.get(name);
  if (known !== undefined) return known;
  if (slots.size >= SLOT_COUNT) return SLOT_COUNT;
  slots.set(name, slots.size);
  return slots.size - 1;
}

/** `record[name]`, read at the load site of `slot` (which must be slotOf(name)). */
export function readSlot(record: Record<string, unknown>, slot: number, name: string): unknown {
  // One case per slot, each its own property load site; do not merge them.
  switch (slot) {
    case 0:
      return record[name];
    case 1:
      return record[name];
    case 2:
      return record[name];
    case 3:
      return record[name];
    case 4:
      return record[name];
    case 5:
      return record[name];
    case 6:
      return record[name];
    case 7:
      return record[name];
    case 8:
      return record[name];
    case 9:
      return record[name];
    case 10:
      return record[name];
    case 11:
      return record[name];
    case 12:
      return record[name];
    case 13:
      return record[name];
    case 14:
      return record[name];
    case 15:
      return record[name];
    default:
      return record[name];
  }
}
