import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app-builder';
import { configDirWith } from '../helpers/config-dir';
import { exampleTemplateCodes } from '../helpers/template-codes';

const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
type Config = Record<string, unknown>;
const auth = (c: Config) => c.auth as Record<string, unknown>;
const client = (c: Config) => auth(c).client as Record<string, unknown>;
const synthWith = (change: (c: Config) => void) => () => buildApp('sichuan', { configDir: configDirWith(change), context: NO_BUNDLING });

describe('Sign-in settings at synth time', () => {
  it('needs an auth section', () => {
    expect(synthWith((c) => delete c.auth)).toThrow(/auth: /);
  });

  it('takes only an https issuer that API Gateway can reach and compare exactly', () => {
    expect(synthWith((c) => (auth(c).issuer = 'http://sso.example/realms/tanfang'))).toThrow(/auth\.issuer: must use https/);
    expect(synthWith((c) => (auth(c).issuer = 'https://localhost:8443/realms/tanfang'))).toThrow(/auth\.issuer: must be reachable by API Gateway from the internet, not a loopback address/);
    expect(synthWith((c) => (auth(c).issuer = 'https://127.0.0.1/realms/tanfang'))).toThrow(/auth\.issuer: must be reachable/);
    expect(synthWith((c) => (auth(c).issuer = 'https://admin:pw@sso.example/'))).toThrow(/auth\.issuer: must not carry a user name or password/);
    expect(synthWith((c) => (auth(c).issuer = 'https://sso.example/realms/tanfang?x=1'))).toThrow(/auth\.issuer: must not have a query or fragment/);
    expect(synthWith((c) => (auth(c).issuer = 'sso.example'))).toThrow(/auth\.issuer: must be an https URL/);
    expect(synthWith((c) => (auth(c).issuer = 'https://sso.example/realms/ tanfang'))).toThrow(/auth\.issuer: must not contain spaces/);
  });

  it("needs distinct audiences, the field app's client id among them", () => {
    expect(synthWith((c) => (auth(c).audiences = []))).toThrow(/auth\.audiences: list at least the field app's client id/);
    expect(synthWith((c) => (auth(c).audiences = ['tanfang-chenghua-app', 'tanfang-chenghua-app']))).toThrow(/auth\.audiences: must not repeat an audience/);
    expect(synthWith((c) => (auth(c).audiences = ['tanfang-chenghua-api']))).toThrow(/auth\.client\.clientId: must be one of auth\.audiences \(tanfang-chenghua-api\)/);
    expect(synthWith((c) => (auth(c).audiences = ['tanfang chenghua']))).toThrow(/auth\.audiences\.0: must be printable ASCII without spaces/);
  });

  it('refuses a client secret: the field app is a public client and the config is served to browsers', () => {
    expect(synthWith((c) => (client(c).clientSecret = 's3cret'))).toThrow(/auth\.client\.clientSecret: must not be set: the field app is a public client \(PKCE\)/);
  });

  it("names the person claim a claim name that is not one of the token's own", () => {
    expect(synthWith((c) => (auth(c).personClaim = 'aud'))).toThrow(/auth\.personClaim: must be a claim that names the person, not one of iss, aud/);
    expect(synthWith((c) => (auth(c).personClaim = 'person id'))).toThrow(/auth\.personClaim: must be a claim name/);
  });

  it('asks for OpenID Connect scopes', () => {
    expect(synthWith((c) => (client(c).scope = 'profile email'))).toThrow(/auth\.client\.scope: must include "openid"/);
    expect(synthWith((c) => (client(c).scope = 'openid  profile'))).toThrow(/auth\.client\.scope: must be scope tokens separated by single spaces/);
  });

  it('refuses unknown auth fields, naming them', () => {
    expect(synthWith((c) => (auth(c).userPoolId = 'cn-north-1_abc'))).toThrow(/auth: Unrecognized key: "userPoolId"/);
  });
});

describe('Where a deployment may live', () => {
  it("keeps an office's data in mainland China: a region outside needs aws.syntheticDataOnly", () => {
    const outside = (c: Config) => Object.assign(c.aws as object, { region: 'ap-southeast-1' });
    expect(
      synthWith((c) => {
        outside(c);
        Object.assign(c.sms as object, { provider: 'sns' });
      }),
    ).toThrow(/aws\.region: ap-southeast-1 is outside mainland China, where an office's elder data must stay \(PIPL art\. 36\)/);
    expect(
      synthWith((c) => {
        outside(c);
        Object.assign(c.aws as object, { syntheticDataOnly: true });
        // SNS takes at most 20 requests a second (Sichuan's Aliyun rate is 50).
        Object.assign(c.sms as object, { provider: 'sns', sendsPerSecond: 20, concurrency: 8 });
      }),
    ).not.toThrow();
  });

  it('refuses the local file SMS provider, which would swallow every SMS in AWS', () => {
    expect(synthWith((c) => Object.assign(c.sms as object, { provider: 'local' }))).toThrow(/sms\.provider: "local" writes SMS to a file and delivers nothing from AWS/);
  });

  it("synthesizes the same config with either domestic provider (with that provider's template codes and settings)", () => {
    expect(synthWith((c) => Object.assign(c.sms as object, { provider: 'tencent', tencent: { sdkAppId: '1400006666' }, templateCodes: exampleTemplateCodes('tencent') }))).not.toThrow();
    expect(synthWith((c) => Object.assign(c.sms as object, { provider: 'aliyun', templateCodes: exampleTemplateCodes('aliyun') }))).not.toThrow();
  });
});
