// A registry key tree held in memory: what the live registry of the running Windows gives (src/host reads it
// through native-reg or reg.exe), offered with the same reading methods as a hive's Key and Value, so code
// that reads a structure stored in the registry (a BCD store) reads it from a file or from the live system alike.
// Names compare as the registry compares them (case-insensitively, namesEqual).
import { namesEqual } from './names';
import { regTypeName } from './types';
import { valueNumber, valueString, valueStrings } from './value-data';

/** What readers of a key tree need, met by a hive's Key and by MemoryKey. */
export interface RegistryKey {
  readonly name: string;
  subkey(name: string): RegistryKey | null;
  subkeys(): RegistryKey[];
  value(name: string): RegistryValue | null;
}

export interface RegistryValue {
  readonly name: string;
  readonly type: number;
  raw(): Uint8Array;
  string(): string | null;
  number(): number | null;
  strings(): string[] | null;
}

export class MemoryValue implements RegistryValue {
  constructor(
    readonly name: string,
    readonly type: number,
    private readonly data: Uint8Array,
  ) {}
  get typeName(): string {
    return regTypeName(this.type);
  }
  raw(): Uint8Array {
    return this.data;
  }
  string(): string | null {
    return valueString(this.type, this.data);
  }
  number(): number | null {
    return valueNumber(this.type, this.data);
  }
  strings(): string[] | null {
    return valueStrings(this.type, this.data);
  }
}

export class MemoryKey implements RegistryKey {
  private readonly children: MemoryKey[] = [];
  private readonly valueList: MemoryValue[] = [];

  constructor(readonly name: string) {}

  /** The child of that name, made when absent. */
  child(name: string): MemoryKey {
    let c = this.subkey(name);
    if (!c) {
      c = new MemoryKey(name);
      this.children.push(c);
    }
    return c;
  }

  /** Adds (or replaces) a value. */
  setValue(name: string, type: number, data: Uint8Array): void {
    const i = this.valueList.findIndex((v) => namesEqual(v.name, name));
    const v = new MemoryValue(name, type, data);
    if (i >= 0) this.valueList[i] = v;
    else this.valueList.push(v);
  }

  subkey(name: string): MemoryKey | null {
    return this.children.find((c) => namesEqual(c.name, name)) ?? null;
  }
  subkeys(): MemoryKey[] {
    return [...this.children];
  }
  value(name: string): MemoryValue | null {
    return this.valueList.find((v) => namesEqual(v.name, name)) ?? null;
  }
  values(): MemoryValue[] {
    return [...this.valueList];
  }
}
