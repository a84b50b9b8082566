/** Injection tokens for ports (interfaces have no runtime value to inject by). */
export const EVENT_STORE = Symbol('EventStore');
export const PERSONAL_DATA_VAULT = Symbol('PersonalDataVault');
export const WUSHE_CONFIG = Symbol('WusheConfig');
