/** One organization's line of the control summary (the executors' organization at issue or reassignment). */
export interface OrganizationControlView {
  organizationId: string;
  organizationName: string;
  /** Tasks due in the period, cancelled ones left out (as from every other figure but `cancelled`). */
  total: number;
  done: number;
  doneOnTime: number;
  /** Open (not done, not cancelled) and past the deadline at the time of the query. */
  overdue: number;
  /** Open and due within the next 7 days. */
  dueSoon: number;
  cancelled: number;
  /** Approved extensions of those tasks. */
  extensions: number;
  /** Tasks whose outcome is known: done (on time or late) plus overdue; the discipline's denominator. */
  dueByNow: number;
  /** doneOnTime ÷ dueByNow × 100, one decimal; null when nothing is due yet. */
  discipline: number | null;
}

export interface ControlSummaryView {
  /** The period on due dates: from inclusive, to exclusive; null = open-ended. */
  from: string | null;
  to: string | null;
  organizationId: string | null;
  generatedAt: string;
  items: OrganizationControlView[];
  totals: Omit<OrganizationControlView, 'organizationId' | 'organizationName'>;
}

export interface OverdueTaskView {
  id: string;
  title: string;
  executorId: string;
  executorName: string;
  organizationId: string;
  organizationName: string;
  dueAt: string;
  /** Started days past the deadline: 1 from the first minute late. */
  daysOverdue: number;
  priority: string;
  extensionCount: number;
}
