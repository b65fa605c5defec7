import { useAdmin } from "../context.ts";

interface Props {
  id: string;
  value: string;
  onChange: (site: string) => void;
  /** The label of the empty choice ("All sites"); without it a site must be chosen. */
  any?: string;
  label?: string;
}

/** A labelled choice among the sites this token may act on. */
export function SiteSelect({ id, value, onChange, any, label = "Site" }: Props) {
  const { sites } = useAdmin();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        {any !== undefined && <option value="">{any}</option>}
        {sites.map((site) => (
          <option key={site.id} value={site.id}>
            {site.name} ({site.id})
          </option>
        ))}
      </select>
    </div>
  );
}
