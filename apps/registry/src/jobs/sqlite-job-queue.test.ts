import { jobQueueSuite } from './testing/job-queue-suite.ts';

jobQueueSuite('sqlite');
