import { Injectable } from '@nestjs/common';
import type { LocalizedText } from '@kelisim/kernel';

/** What another context encloses, verbatim, in the daily digest of the people it chooses. */
export interface DigestEnclosure {
  /** The users whose digest carries it, sent on days with no notifications too. */
  recipients(): Promise<string[]>;
  /** What to enclose now, or null: a reference its source knows it by, a heading, the text itself. */
  current(): Promise<{ ref: string; heading: LocalizedText; text: string } | null>;
  /** The mail server accepted the digest carrying `ref` for `userId`. */
  delivered(userId: string, ref: string): Promise<void>;
}

/**
 * Where a context that depends on notifications registers its enclosure (the journal's e-mail
 * witnesses: the latest signed checkpoint), so notifications need not know its tables.
 */
@Injectable()
export class DigestEnclosures {
  private source: DigestEnclosure | null = null;

  register(source: DigestEnclosure): void {
    this.source = source;
  }

  get registered(): DigestEnclosure | null {
    return this.source;
  }
}
