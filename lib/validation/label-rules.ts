/*
 * Rules shared by several kinds: label maps, label selectors and count-or-percent values.
 */
import { Findings, join, Json, records, show, string, stringMap, Subject } from './context';
import { intOrPercent as intOrPercentRule, parseIntOrPercent } from '../rules/int-or-percent';
import { selectorOperator, selectorValues } from '../rules/selectors';
import { Violation } from '../rules/violation';
import { describe, labelValue, qualifiedName } from './names';

/** Keys and values of a label map: metadata labels, Service selectors, matchLabels. */
export function checkLabels(subject: Subject, path: string, labels: unknown, findings: Findings): void {
  for (const [key, value] of Object.entries(stringMap(labels))) {
    const keyProblem = qualifiedName(key);
    if (keyProblem) findings.error('label-key', subject, `${path}[${JSON.stringify(key)}]`, `label key ${show(key)} ${keyProblem}`);
    const valueProblem = labelValue(value);
    if (valueProblem) findings.error('label-value', subject, `${path}[${JSON.stringify(key)}]`, `label value ${show(value)} ${valueProblem}`);
  }
}

/** matchLabels and matchExpressions of a metav1.LabelSelector. */
export function checkSelector(subject: Subject, path: string, selector: Json | undefined, findings: Findings): void {
  if (!selector) return;
  checkLabels(subject, join(path, 'matchLabels'), selector.matchLabels, findings);
  records(selector.matchExpressions).forEach((expression, i) => {
    const at = `${path}.matchExpressions[${i}]`;
    const key = string(expression.key) ?? '';
    const keyProblem = qualifiedName(key);
    if (keyProblem) findings.error('label-key', subject, `${at}.key`, `label key ${show(key)} ${keyProblem}`);
    const operator = string(expression.operator);
    const values = Array.isArray(expression.values) ? expression.values : [];
    const operatorProblem = operator === undefined ? undefined : describe(selectorOperator(operator, false));
    const valuesProblem = operator === undefined || operatorProblem ? undefined : describe(selectorValues(operator, values));
    if (operatorProblem) findings.error('label-selector', subject, `${at}.operator`, `operator ${show(operator)} ${operatorProblem}`);
    if (valuesProblem) findings.error('label-selector', subject, `${at}.values`, `values ${show(values)} ${valuesProblem}`);
    values.forEach((value) => {
      const problem = typeof value === 'string' ? labelValue(value) : undefined;
      if (problem) findings.error('label-value', subject, `${at}.values`, `label value ${show(value)} ${problem}`);
    });
  });
}

/** An IntOrString that must be a count or a percentage: its numeric value, or undefined. */
export const intOrPercent = parseIntOrPercent;

/** Checks an IntOrString count-or-percent field; returns its parsed value when valid. */
export function checkIntOrPercent(
  subject: Subject, rule: string, path: string, value: unknown, findings: Findings, check: (v: unknown) => Violation | undefined = intOrPercentRule,
): { value: number; percent: boolean } | undefined {
  if (value === undefined) return undefined;
  const problem = describe(check(value));
  if (problem) {
    findings.error(rule, subject, path, `${path.slice(path.lastIndexOf('.') + 1)} ${show(value)} ${problem}`);
    return undefined;
  }
  return parseIntOrPercent(value);
}
