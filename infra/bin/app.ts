import { buildApp } from '../app-builder';

// npx cdk synth -c region=<name>: the CLI hands its context (cdk.json and -c) over in CDK_CONTEXT_JSON.
const context = JSON.parse(process.env.CDK_CONTEXT_JSON ?? '{}') as { region?: unknown };
const { app } = buildApp(typeof context.region === 'string' ? context.region : undefined);
app.synth();
