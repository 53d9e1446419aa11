import { Column, Entity, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Post } from './post.entity';

// The join column postId has no @Index here: the database gets a hand-written index instead
// (see the test's setup), the way many projects index foreign keys in a migration.
@Entity('comments')
export class Comment {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @Column('text')
  body!: string;

  @ManyToOne('Post', (post: Post) => post.comments, { onDelete: 'CASCADE' })
  post!: Post;
}
