// The summarise job's work, as the system actor: for every open survey (and every closed one still
// owing a final summary), fold the responses that are new since the last run into the tallies, then
// send each partner the summary that is due. The rules live in core (Tally.fold, Summary.run); this
// file only says who is acting.
import { Actor } from "@feedback/core/actor";
import { Summary } from "@feedback/core/summary";

export const summarise = () => Actor.provide({ type: "system" }, () => Summary.run());
