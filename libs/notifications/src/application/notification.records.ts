/** A `notifications` row as pg returns it: read by NotificationQueries (the inbox) and the DeliveryProcessor. */
export interface NotificationRecord {
  id: string;
  user_id: string;
  type: string;
  subject_type: string;
  subject_id: string;
  title: string;
  body: string;
  due_at: Date | null;
  dedupe_key: string;
  created_at: Date;
  read_at: Date | null;
}
