import {
  containerResources,
  podSecurityLabels,
  restrictedContainerSecurity,
  restrictedPodSecurity,
  TMP_MOUNT,
  TMP_VOLUME,
} from '../../../lib/core/hardened-pod';

describe('hardened-pod', () => {
  describe('restrictedPodSecurity', () => {
    it('runs as the given user and group, non-root, with RuntimeDefault seccomp', () => {
      expect(restrictedPodSecurity(1337)).toEqual({
        runAsNonRoot: true,
        runAsUser: '1337',
        runAsGroup: '1337',
        fsGroup: '1337',
        seccompProfile: { type: 'RuntimeDefault' },
      });
    });

    it("uses the number it is given, as the provider's string", () => {
      expect(restrictedPodSecurity(100)).toEqual({
        runAsNonRoot: true,
        runAsUser: '100',
        runAsGroup: '100',
        fsGroup: '100',
        seccompProfile: { type: 'RuntimeDefault' },
      });
    });

    it('returns a fresh object each call', () => {
      const first = restrictedPodSecurity(1000);
      const second = restrictedPodSecurity(1000);
      expect(first).not.toBe(second);
      expect(first.seccompProfile).not.toBe(second.seccompProfile);
    });
  });

  describe('restrictedContainerSecurity', () => {
    it('drops every capability, forbids escalation and privilege, and makes the root filesystem read-only by default', () => {
      expect(restrictedContainerSecurity()).toEqual({
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        privileged: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(restrictedContainerSecurity({})).toEqual(restrictedContainerSecurity());
    });

    it('allows a writable root filesystem only when asked, and changes nothing else', () => {
      expect(restrictedContainerSecurity({ readOnlyRootFilesystem: false })).toEqual({
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        privileged: false,
        readOnlyRootFilesystem: false,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(restrictedContainerSecurity({ readOnlyRootFilesystem: true }).readOnlyRootFilesystem).toBe(true);
    });

    it('adds no capability', () => {
      expect(restrictedContainerSecurity().capabilities).not.toHaveProperty('add');
    });

    it("returns a fresh capability list each call, so one caller cannot widen another's", () => {
      const first = restrictedContainerSecurity();
      first.capabilities.drop.push('NET_ADMIN');
      expect(restrictedContainerSecurity().capabilities.drop).toEqual(['ALL']);
    });
  });

  describe('containerResources', () => {
    it('copies requests and limits, and nothing else', () => {
      const input = { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } };
      const output = containerResources(input);
      expect(output).toEqual({ requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '256Mi' } });
      expect(output.requests).not.toBe(input.requests);
      expect(output.limits).not.toBe(input.limits);
    });

    it('drops properties outside requests and limits', () => {
      const input = { requests: { cpu: '1', memory: '1Gi', extra: 'x' }, limits: { cpu: '2', memory: '2Gi' } };
      expect(containerResources(input)).toEqual({ requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } });
    });
  });

  describe('/tmp', () => {
    it('is a 64Mi in-memory emptyDir named tmp', () => {
      expect(TMP_VOLUME).toEqual({ name: 'tmp', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } });
    });

    it('is mounted at /tmp from the tmp volume', () => {
      expect(TMP_MOUNT).toEqual({ name: 'tmp', mountPath: '/tmp' });
      expect(TMP_MOUNT.name).toBe(TMP_VOLUME.name);
    });
  });
});

describe('podSecurityLabels', () => {
  it('enforces the level and audits and warns at restricted by default', () => {
    expect(podSecurityLabels('baseline')).toEqual({
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
  });

  it('can audit and warn at another level', () => {
    expect(podSecurityLabels('privileged', 'privileged')).toEqual({
      'pod-security.kubernetes.io/enforce': 'privileged',
      'pod-security.kubernetes.io/audit': 'privileged',
      'pod-security.kubernetes.io/warn': 'privileged',
    });
  });
});
