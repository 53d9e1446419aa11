import { Column, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn } from 'typeorm';
import type { Comment } from './comment.entity';
import type { User } from './user.entity';

@Entity('posts')
export class Post {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Column('varchar', { length: 200 })
  title!: string;

  @Index()
  @ManyToOne('User', (user: User) => user.posts, { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'authorId' })
  author!: User;

  @Column('integer')
  authorId!: number;

  /** A reference to users kept by hand, without a relation: what SL203 is about. */
  @Column('integer', { nullable: true })
  userId!: number | null;

  @OneToMany('Comment', (comment: Comment) => comment.post)
  comments!: Comment[];
}
