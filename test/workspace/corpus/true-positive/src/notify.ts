const SLACK_USER = 'xoxp-107681245014-456691147744-3008862340142-30c8f628544306adffeae65374c7be86'
export const db = connect({ host: 'db.internal', password: "pf100kWuAYlQzRhI" })
