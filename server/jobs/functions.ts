// Every Inngest function the app serves; each arrives in its own file with the capability it belongs to.
import type { InngestFunction } from "inngest";

export const functions: InngestFunction.Any[] = [];
