// Names and values chosen to break SQL that is built by pasting text: quotes of both kinds,
// backslashes, semicolons and comment markers that try to drop the canary table, reserved words,
// unicode, a 63-byte name (PostgreSQL's limit). Every generated statement must keep them inside
// their quotes: the canary survives and the statements apply and revert.
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';

export enum Mood {
  Apostrophe = "it's",
  Quoted = 'say "hi"',
  Backslash = 'back\\slash',
  Injection = "'); DROP TABLE canary; --",
  Unicode = 'ünï 表',
}

@Entity('user')
export class HostileUser {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Column('text', { name: 'order', comment: `it's "quoted"; DROP TABLE canary; --` })
  order!: string;
}

@Entity('Order"; DROP TABLE canary; --')
@Unique(`UQ_"; DROP TABLE canary; --`, ['label'])
@Check(`CHK_it's`, `"select" >= 0 AND "label" <> 'x''; DROP TABLE canary; --'`)
export class HostileOrder {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Column('integer', { name: 'select', default: 0 })
  select!: number;

  @Column('varchar', { length: 80, name: 'label' })
  label!: string;

  @Column('varchar', { length: 80, name: `we"ird'col\\umn`, default: `O'Reilly \\ "; DROP TABLE canary; --` })
  weird!: string;

  @Column('text', { name: 'ünïcødé_表', nullable: true })
  unicode!: string | null;

  @Column('integer', { name: 'long_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', nullable: true })
  long!: number | null;

  @Column({ type: 'enum', enum: Mood, enumName: 'mood"; DROP TABLE canary; --', default: Mood.Injection })
  mood!: Mood;

  @Index(`IDX_"quoted" \\ index`)
  @ManyToOne(() => HostileUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: `buyer'; --"id` })
  buyer!: HostileUser;
}
