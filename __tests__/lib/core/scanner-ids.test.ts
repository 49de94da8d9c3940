import { checkovIds, KICS_QUERIES, kicsQueryIds, TRIVY_CHECKS, trivyIds, unlistedScannerIds } from '../../../lib/core/scanner-ids';

describe('the scanner IDs waivers may name', () => {
  it('lists kics queries by full ID, each first block once, and trivy checks by AVD ID', () => {
    for (const query of KICS_QUERIES) expect(query.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const blocks = KICS_QUERIES.map((query) => query.id.split('-')[0]);
    expect(new Set(blocks).size).toBe(blocks.length);
    for (const check of TRIVY_CHECKS) expect(check.id).toMatch(/^AVD-[A-Z]+-\d{4}$/);
  });

  it('reads checkov IDs out of a waiver rule, and nothing else', () => {
    expect(checkovIds('CKV_GCP_12, kics 11e7550e (Network Policy Disabled)')).toEqual(['CKV_GCP_12']);
    expect(checkovIds('MESH-POD-03, CKV_K8S_43, kics 228c4c19 (image by digest)')).toEqual(['CKV_K8S_43']);
    expect(checkovIds('kics 22ef1d26, trivy AVD-GCP-0074, CKV_SECRET_*')).toEqual([]);
  });

  it('resolves a kics first block to the full query ID --exclude-queries takes', () => {
    expect(kicsQueryIds('CKV_GCP_12, kics 11e7550e (Network Policy Disabled)')).toEqual(['11e7550e-c4b6-472e-adff-c698f157cdd7']);
    expect(kicsQueryIds('MESH-POD-02, kics 8657197e, kics 228c4c19 (probes)')).toEqual([
      '8657197e-3f87-4694-892b-8144701d83c1',
      '228c4c19-feeb-4c18-848c-800ac70fdfb7',
    ]);
    expect(kicsQueryIds('CKV_GCP_67 (legacy metadata APIs)')).toEqual([]);
  });

  it('reads trivy IDs, each listed', () => {
    expect(trivyIds('kics 22ef1d26 (all ports), trivy AVD-GCP-0072 (all ports), AVD-GCP-0074 (large port range)')).toEqual(['AVD-GCP-0072', 'AVD-GCP-0074']);
    expect(trivyIds('CKV_GCP_12')).toEqual([]);
  });

  it('fails on a kics block or trivy ID with no entry, so no waiver names an ID the commands cannot use', () => {
    expect(unlistedScannerIds('kics 83d1c89f, kics 11e7550e, trivy AVD-GCP-0056')).toEqual(['kics 83d1c89f', 'AVD-GCP-0056']);
    expect(() => kicsQueryIds('kics 83d1c89f (GKE Secrets Not Encrypted with CMEK)')).toThrow('kics 83d1c89f not in lib/core/scanner-ids.ts');
    expect(() => trivyIds('trivy AVD-GCP-0056')).toThrow('AVD-GCP-0056 not in lib/core/scanner-ids.ts');
  });
});
