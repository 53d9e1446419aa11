// Identifiers chosen to break naive SQL: quotes, semicolons, comment markers, mixed case,
// reserved words and a column name of exactly 63 bytes (PostgreSQL's limit).
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';


@Entity('user')
export class HostileUser {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Column('text', { name: 'Mixed "Case" Name' })
  name!: string;
}

@Entity('Order; DROP TABLE "user" --')
export class HostileOrder {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Column('varchar', { length: 50, name: 'select' })
  select!: string;

  @Column('integer', { name: 'long_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', default: 0 })
  long!: number;

  @Index()
  @ManyToOne(() => HostileUser, { onDelete: 'CASCADE' })
  @JoinColumn({ name: `buyer'; --"id` })
  buyer!: HostileUser;
}
