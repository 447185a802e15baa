import { m0001Inventory } from './0001-inventory';
import { m0002Audit } from './0002-audit';
import { m0003Auth } from './0003-auth';
import { m0004IngestLive } from './0004-ingest-live';
import { m0005Deployments } from './0005-deployments';
import { m0006Plans } from './0006-plans';
import { m0007Trails } from './0007-trails';
import { m0008LoopsFindings } from './0008-loops-findings';
import { m0009Trust } from './0009-trust';
import { m0010Faults } from './0010-faults';
import { m0011Proxmox } from './0011-proxmox';
import { m0012Tasks } from './0012-tasks';
import { m0013Language } from './0013-language';
import { m0014ServiceChecks } from './0014-service-checks';
import { m0015DiscoveredPlan } from './0015-discovered-plan';
import { m0016Notifications } from './0016-notifications';
import { m0017Matrix } from './0017-matrix';
import { m0018Releases } from './0018-releases';

export interface Migration {
  version: string;
  sql: string;
}

/**
 * Versioned migrations, applied in order by migrate.ts on PostgreSQL 15 and PGlite (PostgreSQL
 * 18) alike, so only what both have is used (DESIGN.md §11). Never edit one that has shipped.
 */
export const MIGRATIONS: readonly Migration[] = [
  m0001Inventory,
  m0002Audit,
  m0003Auth,
  m0004IngestLive,
  m0005Deployments,
  m0006Plans,
  m0007Trails,
  m0008LoopsFindings,
  m0009Trust,
  m0010Faults,
  m0011Proxmox,
  m0012Tasks,
  m0013Language,
  m0014ServiceChecks,
  m0015DiscoveredPlan,
  m0016Notifications,
  m0017Matrix,
  m0018Releases,
];
