#!/usr/bin/env node
process.stdout.write('mlsec: under construction\n');
