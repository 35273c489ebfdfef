/**
 * The WHERE clause of a hand-written statement, with positional parameters. Conditions are written with `p(value)`
 * where a parameter goes: `where.add((p) => \`o.store = ${p(store)}\`)`.
 */
export class SqlConditions {
  private constructor(
    private readonly conditions: string[],
    readonly parameters: unknown[],
  ) {}

  static empty(): SqlConditions {
    return new SqlConditions([], []);
  }

  add(condition: (p: (value: unknown) => string) => string): this {
    this.conditions.push(
      condition((value) => {
        this.parameters.push(value);
        return `$${this.parameters.length}`;
      }),
    );
    return this;
  }

  /** A copy to add more to, leaving this one as it is. */
  clone(): SqlConditions {
    return new SqlConditions([...this.conditions], [...this.parameters]);
  }

  /** `WHERE a AND b`, or nothing when there is no condition. */
  toString(): string {
    return this.conditions.length ? `WHERE ${this.conditions.map((c) => `(${c})`).join(' AND ')}` : '';
  }
}
