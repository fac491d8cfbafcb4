import {
  type BasisDocument,
  BasisDocumentSchema,
  type BudgetsDocument,
  type CatalogDocument,
  type CompiledPolicy,
  compilePolicy,
  errorCodes,
  invalidJsonMessage,
  type PolicyDocument,
  type PriceDocument,
  SwitchyardError,
} from '@switchyard/core';
import { readLines } from '../chain/read-lines.js';
import type { DecisionBasis } from './decision-basis.js';

/** Why a record's own basis cannot be had: which document is missing or does not compile to its version. */
export interface BasisGap {
  readonly message: string;
}

/**
 * The basis documents stored beside records (catalog, prices, policies), by
 * version: what a record names by `decision.catalogVersion`,
 * `decision.priceVersion` and `policyVersion`. Policies are compiled on
 * first use and checked: a document whose policy does not compile to the
 * version it is stored under (a pack of this Switchyard version differs
 * from the one that decided) is a gap, never silently used.
 */
export class ReplayBasis {
  readonly #catalogs = new Map<string, CatalogDocument>();
  readonly #prices = new Map<string, PriceDocument>();
  readonly #policies = new Map<string, PolicyDocument>();
  readonly #budgets = new Map<string, BudgetsDocument>();
  readonly #compiled = new Map<string, CompiledPolicy | BasisGap>();
  readonly #bases = new Map<string, DecisionBasis | BasisGap>();

  /** Basis documents as a router hands them (`router.basis()`, `memorySink().documents`). */
  static fromDocuments(documents: Iterable<BasisDocument>): ReplayBasis {
    const basis = new ReplayBasis();
    for (const document of documents) basis.add(document);
    return basis;
  }

  /**
   * Reads a basis file (`records.basis.jsonl`): one document per line.
   *
   * @throws {SwitchyardError} `SWITCHYARD_CONFIG_UNREADABLE` when it cannot be read, `SWITCHYARD_CONFIG_INVALID` naming the line of a document that is not one.
   */
  static async read(path: string): Promise<ReplayBasis> {
    const basis = new ReplayBasis();
    try {
      for await (const batch of readLines({ path })) {
        for (const { bytes, line } of batch.lines) {
          let value: unknown;
          const text = bytes.toString('utf8');
          try {
            value = JSON.parse(text);
          } catch {
            // Where and what, never the line's text: JSON.parse's own message quotes it.
            throw new SwitchyardError({
              code: errorCodes.CONFIG_INVALID,
              message: `${path}:${line}: ${invalidJsonMessage({ text })}`,
            });
          }
          const parsed = BasisDocumentSchema.safeParse(value);
          if (!parsed.success) {
            const issue = parsed.error.issues[0];
            throw new SwitchyardError({
              code: errorCodes.CONFIG_INVALID,
              message: `${path}:${line}: not a basis document (catalog, prices, policy or budgets): ${issue ? `${issue.path.join('.') || '(document)'}: ${issue.message}` : 'invalid'}`,
            });
          }
          basis.add(parsed.data as BasisDocument);
        }
      }
    } catch (error) {
      if (SwitchyardError.isInstance(error)) throw error;
      throw new SwitchyardError({
        code: errorCodes.CONFIG_UNREADABLE,
        message: `cannot read the basis file ${path}: ${(error as Error).message} (a records file's basis is beside it, e.g. records.basis.jsonl; or give --basis)`,
        cause: error,
      });
    }
    return basis;
  }

  /** Adds one document (a second one of the same kind and version is ignored). */
  add(document: BasisDocument): void {
    if (document.kind === 'catalog') this.#catalogs.set(document.version, document);
    else if (document.kind === 'prices') this.#prices.set(document.version, document);
    else if (document.kind === 'budgets') this.#budgets.set(document.version, document);
    else this.#policies.set(document.version, document);
  }

  /** Every catalog's targets, once per id: a later catalog's entry replaces an earlier one's. */
  get targets(): readonly CatalogDocument['targets'][number][] {
    const byId = new Map<string, CatalogDocument['targets'][number]>();
    for (const catalog of this.#catalogs.values())
      for (const target of catalog.targets) byId.set(target.id, target);
    return [...byId.values()];
  }

  /** How many documents of each kind. */
  get size(): { catalogs: number; prices: number; policies: number } {
    return { catalogs: this.#catalogs.size, prices: this.#prices.size, policies: this.#policies.size };
  }

  /** The compiled policy stored under `version`, or why not. */
  policy(version: string): CompiledPolicy | BasisGap {
    const known = this.#compiled.get(version);
    if (known) return known;
    let result: CompiledPolicy | BasisGap;
    const document = this.#policies.get(version);
    const catalog = document ? this.#catalogs.get(document.catalogVersion) : undefined;
    if (!document) result = { message: `no policy document of version ${version} beside the records` };
    else if (!catalog)
      result = {
        message: `policy ${version} names catalog ${document.catalogVersion}, which is not beside the records`,
      };
    else {
      try {
        const compiled = compilePolicy({
          policy: document.policy,
          targets: catalog.targets,
          groups: document.groups,
          callers: document.callers,
        });
        result =
          compiled.version === version
            ? compiled
            : {
                message: `policy ${version} compiles to version ${compiled.version} here: a policy pack of this Switchyard version differs from the one that decided`,
              };
      } catch (error) {
        result = { message: `policy ${version} does not compile here: ${(error as Error).message}` };
      }
    }
    this.#compiled.set(version, result);
    return result;
  }

  /** The basis a v2 record names (catalog, prices, policy, budgets), or why it cannot be had. */
  forRecord(versions: {
    policyVersion: string;
    catalogVersion: string;
    priceVersion: string;
    budgetsVersion?: string | undefined;
  }): DecisionBasis | BasisGap {
    const key = `${versions.policyVersion}|${versions.catalogVersion}|${versions.priceVersion}|${versions.budgetsVersion ?? ''}`;
    const known = this.#bases.get(key);
    if (known) return known;
    let result: DecisionBasis | BasisGap;
    const catalog = this.#catalogs.get(versions.catalogVersion);
    const prices = this.#prices.get(versions.priceVersion);
    const policy = this.policy(versions.policyVersion);
    const budgets =
      versions.budgetsVersion === undefined ? undefined : this.#budgets.get(versions.budgetsVersion);
    if (!catalog)
      result = { message: `no catalog document of version ${versions.catalogVersion} beside the records` };
    else if (!prices)
      result = { message: `no price table of version ${versions.priceVersion} beside the records` };
    else if ('message' in policy) result = policy;
    else if (versions.budgetsVersion !== undefined && !budgets)
      result = { message: `no budgets document of version ${versions.budgetsVersion} beside the records` };
    else result = { catalog, prices, policy, ...(budgets ? { budgets: budgets.budgets } : {}) };
    this.#bases.set(key, result);
    return result;
  }
}

/** Whether a lookup found a gap rather than what was asked. */
export function isGap(value: object): value is BasisGap {
  return 'message' in value && !('catalog' in value) && !('version' in value);
}
