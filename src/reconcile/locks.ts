import { KeyedLock } from "../support/keyed-lock.js";

/** One incident, one postmortem at a time in this process: deliveries and the catch-up take turns. */
export const incidentLocks = new KeyedLock();
export const postmortemLocks = new KeyedLock();
