import { createRouter } from "@/server/api/trpc";
import { addRate } from "./add-rate";
import { deleteRate } from "./delete-rate";
import { importCsv } from "./import-csv";
import { listRates } from "./list-rates";

export const fxRouter = createRouter({ list: listRates, add: addRate, importCsv, delete: deleteRate });
