import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest, unprocessable } from '../errors.ts';
import { newId } from '../ids.ts';
import type { Location, Task } from '../model.ts';
import { renderTask } from '../render.ts';
import { contactOf, type GhlServices, READ, WRITE } from './context.ts';

interface TaskInput {
  title?: string;
  body?: string;
  dueDate?: string;
  completed?: boolean;
  assignedTo?: string;
}

/**
 * Tasks of a contact. Events: TaskCreate, TaskComplete (when a task becomes completed) and
 * TaskDelete; HighLevel documents no TaskUpdate event, so other edits emit none.
 */
export function taskRoutes(app: FastifyInstance, { state, events, validate }: GhlServices): void {
  const tasksOf = (location: Location, contactId: string) => {
    let tasks = location.tasks.get(contactId);
    if (!tasks) {
      tasks = new Map();
      location.tasks.set(contactId, tasks);
    }
    return tasks;
  };
  const taskOf = (request: FastifyRequest) => {
    const { location, contact } = contactOf(request, state);
    const { taskId } = request.params as { taskId: string };
    const task = location.tasks.get(contact.id)?.get(taskId);
    if (!task) throw badRequest(`Task with id ${taskId} not found`);
    return { location, contact, task };
  };
  const apply = (task: Task, input: TaskInput, location: Location) => {
    const wasCompleted = task.completed;
    if (input.title !== undefined) task.title = input.title;
    if (input.body !== undefined) task.body = input.body;
    if (input.assignedTo !== undefined) task.assignedTo = input.assignedTo;
    if (input.dueDate !== undefined) task.dueDate = dueDate(input.dueDate);
    if (input.completed !== undefined) task.completed = input.completed;
    if (!wasCompleted && task.completed) events.task('TaskComplete', task, location.id);
  };

  app.get('/contacts/:contactId/tasks', { config: READ }, async (request) => {
    const { location, contact } = contactOf(request, state);
    return { tasks: [...(location.tasks.get(contact.id)?.values() ?? [])].map(renderTask) };
  });

  app.post('/contacts/:contactId/tasks', { config: WRITE }, async (request, reply) => {
    const { location, contact } = contactOf(request, state);
    const input = validate.body<Required<Pick<TaskInput, 'title' | 'dueDate' | 'completed'>> & TaskInput>(
      'create-task',
      request.body,
    );
    const task: Task = {
      id: newId(),
      contactId: contact.id,
      title: input.title,
      dueDate: dueDate(input.dueDate),
      completed: input.completed,
      dateAdded: Date.now(),
      ...(input.body !== undefined && { body: input.body }),
      ...(input.assignedTo !== undefined && { assignedTo: input.assignedTo }),
    };
    tasksOf(location, contact.id).set(task.id, task);
    events.task('TaskCreate', task, location.id);
    return reply.code(201).send({ task: renderTask(task) });
  });

  app.get('/contacts/:contactId/tasks/:taskId', { config: READ }, async (request) => ({
    task: renderTask(taskOf(request).task),
  }));

  app.put('/contacts/:contactId/tasks/:taskId', { config: WRITE }, async (request) => {
    const { location, task } = taskOf(request);
    apply(task, validate.body<TaskInput>('update-task', request.body), location);
    return { task: renderTask(task) };
  });

  app.put('/contacts/:contactId/tasks/:taskId/completed', { config: WRITE }, async (request) => {
    const { location, task } = taskOf(request);
    apply(task, validate.body<{ completed: boolean }>('update-task-completed', request.body), location);
    return { task: renderTask(task) };
  });

  app.delete('/contacts/:contactId/tasks/:taskId', { config: WRITE }, async (request) => {
    const { location, contact, task } = taskOf(request);
    location.tasks.get(contact.id)?.delete(task.id);
    events.task('TaskDelete', task, location.id);
    return { succeded: true };
  });
}

/** Due dates are stored as ISO date-times; anything `Date` cannot read is refused like HighLevel's 422. */
function dueDate(value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw unprocessable(['dueDate must be a valid ISO 8601 date string']);
  return new Date(ms).toISOString();
}
