import { getMetadataStorage } from 'class-validator';

type Lookup = ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas'];
type Add = ReturnType<typeof getMetadataStorage>['addValidationMetadata'];
const REMEMBERED = Symbol.for('wushe.rememberedValidationRules');

/**
 * class-validator looks a DTO's rules up on every validation by walking every class that has rules
 * (an `instanceof` per class, some hundreds here) and filtering each list again: 1.6% of a POST's
 * CPU. The rules are fixed once the DTO modules are loaded, so the answer is remembered per class
 * and per option set, and forgotten whenever a rule is added (a module loaded later). The DTOs stay
 * the one declared contract; only the lookup is cached, so the errors are exactly class-validator's.
 */
export const rememberValidationRules = (): void => {
  const storage = getMetadataStorage() as ReturnType<typeof getMetadataStorage> & { [REMEMBERED]?: true };
  if (storage[REMEMBERED]) return;
  storage[REMEMBERED] = true;
  const lookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  const add: Add = storage.addValidationMetadata.bind(storage);
  const remembered = new Map<unknown, Map<string, ReturnType<Lookup>>>();
  storage.addValidationMetadata = (metadata) => {
    remembered.clear();
    add(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    // Groups and schemas are not used by the API's DTOs; those lookups go through unremembered.
    if (schema || (groups && groups.length > 0)) return lookup(target, schema, always, strictGroups, groups);
    const byOptions = `${always ? 1 : 0}${strictGroups ? 1 : 0}`;
    let perClass = remembered.get(target);
    if (!perClass) remembered.set(target, (perClass = new Map()));
    let rules = perClass.get(byOptions);
    if (!rules) perClass.set(byOptions, (rules = lookup(target, schema, always, strictGroups, groups)));
    return rules;
  };
};
