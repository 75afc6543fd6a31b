import { AuditorService } from '@backstage/backend-plugin-api';
import {
  createTaskSchema,
  listTasksQuerySchema,
  myWorkQuerySchema,
  putMilestonesSchema,
  putRolesSchema,
  signoffRequestSchema,
  updateTaskSchema,
} from '@backstage-itsm/plugin-releases-common';
import express from 'express';
import Router from 'express-promise-router';
import { audited } from '../service/audit';
import { Callers } from '../service/Callers';
import { parseInput } from '../service/validation';
import { AuthorizedPlanService } from './AuthorizedPlanService';

/** Routes of release plans (tasks, milestones, roles, exit criteria, sign-offs, my work): parse, then ask the authorizing layer. */
export function createPlansRouter(options: {
  callers: Callers;
  auditor: AuditorService;
  plans: AuthorizedPlanService;
}): express.Router {
  const { callers, auditor, plans } = options;
  const router = Router();

  router.get('/releases/:id/tasks', async (req, res) => {
    const caller = await callers.of(req, ['user', 'service']);
    const query = parseInput(listTasksQuerySchema, req.query);
    res.json(
      await plans.tasks(caller, req.params.id, {
        phases: query.phase,
        statuses: query.status,
      }),
    );
  });

  router.post('/releases/:id/tasks', async (req, res) => {
    const caller = await callers.of(req, ['user']);
    const input = parseInput(createTaskSchema, req.body);
    const task = await audited(
      auditor,
      {
        eventId: 'release-task-create',
        request: req,
        meta: { releaseId: req.params.id, phase: input.phase },
      },
      () => plans.addTask(caller, req.params.id, input),
      t => ({ releaseId: t.releaseId, taskId: t.id, status: t.status }),
    );
    res.status(201).json(task);
  });

  router.patch('/releases/:id/tasks/:taskId', async (req, res) => {
    const caller = await callers.of(req, ['user']);
    const input = parseInput(updateTaskSchema, req.body);
    const task = await audited(
      auditor,
      {
        eventId: 'release-task-update',
        request: req,
        meta: {
          releaseId: req.params.id,
          taskId: req.params.taskId,
          fields: Object.keys(input),
        },
      },
      () => plans.updateTask(caller, req.params.id, req.params.taskId, input),
      t => ({
        releaseId: t.releaseId,
        taskId: t.id,
        status: t.status,
        revision: t.revision,
      }),
    );
    res.json(task);
  });

  router.get('/releases/:id/milestones', async (req, res) => {
    const caller = await callers.of(req, ['user', 'service']);
    res.json(await plans.milestones(caller, req.params.id));
  });

  router.put('/releases/:id/milestones', async (req, res) => {
    const caller = await callers.of(req, ['user']);
    const input = parseInput(putMilestonesSchema, req.body);
    res.json(
      await audited(
        auditor,
        {
          eventId: 'release-milestones-update',
          request: req,
          meta: {
            releaseId: req.params.id,
            phases: input.milestones.map(m => m.phase),
          },
        },
        () => plans.setMilestones(caller, req.params.id, input),
        r => ({ releaseId: req.params.id, milestones: r.items.length }),
      ),
    );
  });

  router.put('/releases/:id/roles', async (req, res) => {
    const caller = await callers.of(req, ['user']);
    const input = parseInput(putRolesSchema, req.body);
    res.json(
      await audited(
        auditor,
        {
          eventId: 'release-roles-update',
          request: req,
          meta: { releaseId: req.params.id, roles: Object.keys(input.roles) },
        },
        () => plans.setRoles(caller, req.params.id, input.roles),
        r => ({
          releaseId: req.params.id,
          filled: r.roles.filter(role => role.holder).map(role => role.id),
        }),
      ),
    );
  });

  router.get('/releases/:id/exit-criteria', async (req, res) => {
    const caller = await callers.of(req, ['user', 'service']);
    res.json(await plans.exitCriteria(caller, req.params.id));
  });

  router.get('/releases/:id/signoffs', async (req, res) => {
    const caller = await callers.of(req, ['user', 'service']);
    res.json(await plans.signoffs(caller, req.params.id));
  });

  router.post('/releases/:id/signoffs', async (req, res) => {
    const caller = await callers.of(req, ['user']);
    const input = parseInput(signoffRequestSchema, req.body);
    const result = await audited(
      auditor,
      {
        eventId: 'release-signoff',
        request: req,
        meta: { releaseId: req.params.id, name: input.name },
      },
      () => plans.signOff(caller, req.params.id, input),
      r => ({
        releaseId: req.params.id,
        signoffId: r.signoff.id,
        round: r.signoff.round,
        created: r.created,
      }),
    );
    const { created, ...answer } = result;
    res.status(created ? 201 : 200).json(answer);
  });

  router.get('/my-work', async (req, res) => {
    const caller = await callers.of(req, ['user']);
    const query = parseInput(myWorkQuerySchema, req.query);
    res.json(await plans.myWork(caller, query));
  });

  return router;
}
