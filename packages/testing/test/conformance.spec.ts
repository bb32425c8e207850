import { describeConnectorConformance } from '@sqlflow/testing';
import { memoryConnector } from './fixtures/memory-connector';
import { shopSystem } from './fixtures/shop-data';
import { shopHarness } from './fixtures/shop-harness';

// The whole suite, registered exactly as a connector package would, must pass on a correct connector.
const system = shopSystem();
describeConnectorConformance(memoryConnector(system), shopHarness(system));
