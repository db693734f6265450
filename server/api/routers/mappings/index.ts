import { createRouter } from "@/server/api/trpc";
import { addMapping } from "./add-mapping";
import { deleteMapping } from "./delete-mapping";
import { listChoices } from "./list-choices";
import { listMappings } from "./list-mappings";
import { refreshSageLists } from "./refresh-sage-lists";
import { sageLists } from "./sage-lists";
import { updateMapping } from "./update-mapping";

export const mappingsRouter = createRouter({
  list: listMappings,
  choices: listChoices,
  add: addMapping,
  update: updateMapping,
  delete: deleteMapping,
  sageLists,
  refreshSageLists,
});
