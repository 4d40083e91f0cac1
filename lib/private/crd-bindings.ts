/*
 * The CRD bindings of imports/ (Gateway API, VerticalPodAutoscaler), loaded by the first construct that builds one of
 * their objects instead of when the library is imported: most apps use none of them, and they are ~200 kB of
 * JavaScript. Their types are imported as types where they are used (`import type * as gwapi from ...`).
 */
import type * as GatewayApi from '../../imports/gateway-gateway.networking.k8s.io';
import type * as HttpRouteApi from '../../imports/httproute-gateway.networking.k8s.io';
import type * as VpaApi from '../../imports/vpa-autoscaling.k8s.io';

// Synchronous like the constructors that call them, so require, not import(); each module loads once (Node caches it).
/* eslint-disable @typescript-eslint/no-require-imports -- lazy on purpose (see above) */

export function gatewayApi(): typeof GatewayApi {
  return require('../../imports/gateway-gateway.networking.k8s.io') as typeof GatewayApi;
}

export function httpRouteApi(): typeof HttpRouteApi {
  return require('../../imports/httproute-gateway.networking.k8s.io') as typeof HttpRouteApi;
}

export function vpaApi(): typeof VpaApi {
  return require('../../imports/vpa-autoscaling.k8s.io') as typeof VpaApi;
}
