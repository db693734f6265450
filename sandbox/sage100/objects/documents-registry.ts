// Document (entry) and update (posting) objects for NewObject.
import type { ObjectClass } from "../boi/registry";

export const DOCUMENT_CLASSES: ObjectClass[] = [];
