import type { FleetService } from '../features/fleet/fleet.service';
import type { SystemService } from '../features/system/system.service';

export interface Services {
  fleet: FleetService;
  system: SystemService;
}

export interface Context {
  services: Services;
}
