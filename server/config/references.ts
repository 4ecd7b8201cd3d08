import { conditionSchema, conditionTests, type ConditionNode } from '../../shared/conditions.ts';
import { DERIVED_FIELDS } from '../lead/fields.ts';
import { formatPath, type Problem } from './paths.ts';

/**
 * Checks that go across sections: every id that names something must name something
 * that exists. It reads the raw document defensively, so it runs even when the schema
 * check failed elsewhere and `usher check` can list every problem in one go. Parts
 * that are malformed are skipped here; the schema check reports them.
 */
type Raw = Record<string, unknown>;
const asObject = (value: unknown): Raw => (typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Raw : {});
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asString = (value: unknown): string | null => (typeof value === 'string' ? value : null);

type Question = { id: string; options: string[] | null };

export function checkReferences(raw: unknown): Problem[] {
  const problems: Problem[] = [];
  const add = (path: PropertyKey[], message: string) => problems.push({ path: formatPath(path), message });
  const config = asObject(raw);

  const repIds = new Set<string>();
  asList(config.reps).forEach((rep, i) => {
    const id = asString(asObject(rep).id);
    if (id === null) return;
    if (repIds.has(id)) add(['reps', i, 'id'], `duplicate rep id "${id}"`);
    repIds.add(id);
  });
  const teams = asObject(config.teams);
  const teamIds = new Set(Object.keys(teams));
  const meetingTypes = asObject(config.meetingTypes);

  for (const [teamId, team] of Object.entries(teams)) {
    const seen = new Set<string>();
    asList(asObject(team).members).forEach((member, i) => {
      if (typeof member !== 'string') return;
      if (!repIds.has(member)) add(['teams', teamId, 'members', i], `unknown rep "${member}"`);
      if (seen.has(member)) add(['teams', teamId, 'members', i], `rep "${member}" is listed twice`);
      seen.add(member);
    });
  }
  const reassignTo = asString(asObject(config.sla).reassignTo);
  const slaTeam = reassignTo?.startsWith('team:') ? reassignTo.slice(5) : null;
  if (slaTeam !== null && !teamIds.has(slaTeam)) add(['sla', 'reassignTo'], `unknown team "${slaTeam}"`);
  // A reassigned lead goes to one rep: a pooled team has nobody to give it to until a booking.
  else if (slaTeam !== null && asObject(teams[slaTeam]).mode !== 'assigned') {
    add(['sla', 'reassignTo'], `team "${slaTeam}" pools its leads; name a team with mode: assigned`);
  }
  asList(config.accounts).forEach((account, i) => {
    const owner = asString(asObject(account).owner);
    if (owner !== null && !repIds.has(owner)) add(['accounts', i, 'owner'], `unknown rep "${owner}"`);
  });

  for (const [formId, rawForm] of Object.entries(asObject(config.forms))) {
    const form = asObject(rawForm);
    const at = ['forms', formId];
    const meetingType = asString(form.meetingType);
    if (meetingType !== null && !Object.hasOwn(meetingTypes, meetingType)) {
      add([...at, 'meetingType'], `unknown meeting type "${meetingType}"`);
    }
    const questions: Question[] = [];
    asList(form.questions).forEach((rawQuestion, i) => {
      const question = asObject(rawQuestion);
      const id = asString(question.id);
      if (id === null) return;
      if (questions.some((q) => q.id === id)) add([...at, 'questions', i, 'id'], `duplicate question id "${id}"`);
      const options = asList(question.options).filter((o): o is string => typeof o === 'string');
      questions.push({ id, options: options.length > 0 ? options : null });
    });
    const hasEmail = asList(form.questions).some((q) => asObject(q).type === 'email' && asObject(q).required === true);
    if (Array.isArray(form.questions) && !hasEmail) {
      add([...at, 'questions'], 'a form needs a required question of type "email" (invites go there)');
    }
    const reasons = new Set<string>();
    asList(form.qualify).forEach((rule, i) => {
      checkCondition(questions, asObject(rule).when, [...at, 'qualify', i, 'when'], add);
      const reason = asString(asObject(asObject(rule).disqualify).reason);
      if (reason !== null) reasons.add(reason);
    });
    // A page for a reason no rule gives is a typo that would never be shown.
    for (const reason of Object.keys(asObject(asObject(form.disqualified).reasons))) {
      if (!reasons.has(reason)) {
        add([...at, 'disqualified', 'reasons', reason], `no qualify rule of this form gives the reason "${reason}"${reasons.size > 0 ? ` (reasons: ${[...reasons].join(', ')})` : ''}`);
      }
    }
    asList(form.routes).forEach((rawRoute, i) => {
      const route = asObject(rawRoute);
      if (route.when !== undefined) checkCondition(questions, route.when, [...at, 'routes', i, 'when'], add);
      const to = asObject(route.to);
      const team = asString(to.team);
      const rep = asString(to.rep);
      const fallback = asString(to.fallback);
      if (team !== null && !teamIds.has(team)) add([...at, 'routes', i, 'to', 'team'], `unknown team "${team}"`);
      if (rep !== null && !repIds.has(rep)) add([...at, 'routes', i, 'to', 'rep'], `unknown rep "${rep}"`);
      if (fallback !== null && !teamIds.has(fallback)) add([...at, 'routes', i, 'to', 'fallback'], `unknown team "${fallback}"`);
    });
  }
  return problems;
}

function checkCondition(
  questions: readonly Question[],
  raw: unknown,
  at: PropertyKey[],
  add: (path: PropertyKey[], message: string) => void,
) {
  const parsed = conditionSchema.safeParse(raw);
  if (!parsed.success) return;
  for (const test of conditionTests(parsed.data as ConditionNode)) {
    const path = [...at, ...test.path];
    const question = questions.find((q) => q.id === test.field);
    if (!question && !(DERIVED_FIELDS as readonly string[]).includes(test.field)) {
      add(path, `unknown field "${test.field}" (not a question of this form nor a derived field)`);
      continue;
    }
    // A value that a select can never take is a typo that would silently never match.
    if (question?.options && (test.op === 'eq' || test.op === 'ne' || test.op === 'in' || test.op === 'notIn')) {
      const values = Array.isArray(test.value) ? test.value : [test.value];
      const options = question.options.map((o) => o.toLowerCase());
      for (const value of values) {
        if (typeof value === 'string' && !options.includes(value.toLowerCase())) {
          add(path, `"${value}" is not an option of question "${question.id}"`);
        }
      }
    }
  }
}
