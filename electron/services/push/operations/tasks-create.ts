// runtime: node
/** tasks.create: a follow-up task on an active deal without an open task; undone by closing it (revert.task). */
import { taskOperation } from './carriers/task';

export default taskOperation({ kind: 'tasks.create', undoneBy: 'revert.task' });
