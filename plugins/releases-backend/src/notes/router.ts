import { AuditorService } from '@backstage/backend-plugin-api';
import {
  notesQuerySchema,
  putNotesSchema,
} from '@backstage-itsm/plugin-releases-common';
import express from 'express';
import Router from 'express-promise-router';
import { audited } from '../service/audit';
import { Callers } from '../service/Callers';
import { parseInput } from '../service/validation';
import { AuthorizedNotesService } from './AuthorizedNotesService';
import { notesFileName } from './markdown';

/** Routes of release notes: parse, then ask the authorizing layer. */
export function createNotesRouter(options: {
  callers: Callers;
  auditor: AuditorService;
  notes: AuthorizedNotesService;
}): express.Router {
  const { callers, auditor, notes } = options;
  const router = Router();

  router.get('/releases/:id/notes', async (req, res) => {
    const caller = await callers.of(req, ['user', 'service']);
    const { format } = parseInput(notesQuerySchema, req.query);
    const answer = await notes.notes(caller, req.params.id);
    if (format === 'md') {
      res.type('text/markdown; charset=utf-8');
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="${notesFileName(answer.title)}"`,
      );
      res.send(answer.markdown);
      return;
    }
    res.json(answer);
  });

  router.put('/releases/:id/notes', async (req, res) => {
    const caller = await callers.of(req, ['user']);
    const input = parseInput(putNotesSchema, req.body);
    res.json(
      await audited(
        auditor,
        {
          eventId: 'release-notes-update',
          request: req,
          meta: { releaseId: req.params.id, mode: input.mode },
        },
        () => notes.edit(caller, req.params.id, input),
        n => ({ releaseId: n.releaseId, revision: n.revision }),
      ),
    );
  });

  return router;
}
