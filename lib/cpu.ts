/**
 * A CPU amount: `Cpu.millis(250)` is a quarter of a core, `Cpu.units(2)` two cores.
 *
 * The same class as cdk8s-plus-27's `Cpu` (lib/container.ts there, Apache-2.0), and interchangeable with it:
 * both are `{ amount: string }`. It is written here because loading cdk8s-plus-27's container module, for
 * this one class, loads cdk8s-plus's own Kubernetes bindings too: ~200 ms of every synth's start-up.
 */
export class Cpu {
  /** `amount` thousandths of a core: `Cpu.millis(250)` is `250m`. */
  public static millis(amount: number): Cpu {
    return new Cpu(`${amount}m`);
  }

  /** `amount` cores: `Cpu.units(2)` is `2`. */
  public static units(amount: number): Cpu {
    return new Cpu(amount.toString());
  }

  /** The Kubernetes quantity: `250m`, `2`. */
  public amount: string;

  private constructor(amount: string) {
    this.amount = amount;
  }
}
