// Types are spelled out in every decorator: tests load these classes through tsx (esbuild), which
// does not emit decorator metadata.
import { Check, Column, Entity, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import type { Post } from './post.entity';

export enum UserRole {
  Admin = 'admin',
  Member = 'member',
}

@Entity('users')
@Check('"age" >= 0')
export class User {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Column('varchar', { length: 255, unique: true })
  email!: string;

  @Column('varchar', { length: 100 })
  name!: string;

  @Column('text', { nullable: true })
  bio!: string | null;

  @Column('integer', { default: 0 })
  age!: number;

  @Column('boolean', { default: true })
  active!: boolean;

  @Column({ type: 'enum', enum: UserRole, default: UserRole.Member })
  role!: UserRole;

  @OneToMany('Post', (post: Post) => post.author)
  posts!: Post[];
}
