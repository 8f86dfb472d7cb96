/**
 * How an organisation is named in lists a pilot picks from: several structures share a name
 * (« Espace de vie sociale La Passerelle » in three communes), the code tells them apart.
 */
export function organisationLabel(org: { name: string; code: string }): string {
  return `${org.name} — ${org.code}`;
}
