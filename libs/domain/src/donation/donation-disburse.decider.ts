/** Paying a match out to its need or project (rule 12: never more than was matched). */
import { conflict, ruleBroken } from '../shared/domain-error.js';
import { type DonationDecisions, requireAmount, requireMatch } from './donation.guards.js';

export const disbursement: DonationDecisions<'DisburseDonation'> = {
  DisburseDonation(donation, data) {
    const donationId = donation.donationId;
    const match = requireMatch(donation, data.matchId);
    if (match.released) throw conflict('DONATION_MATCH_RELEASED', `Match ${match.matchId} was released`, { matchId: match.matchId });
    const amountFen = requireAmount(data.amountFen);
    if (match.disbursedFen + amountFen > match.amountFen) {
      throw ruleBroken('DONATION_DISBURSEMENT_EXCEEDED', `Match ${match.matchId} has ${match.amountFen - match.disbursedFen} fen left to disburse`, {
        rule: 12,
        matchedFen: match.amountFen,
        disbursedFen: match.disbursedFen,
        requestedFen: amountFen,
      });
    }
    return [
      {
        type: 'DonationDisbursed',
        data: { donationId, matchId: match.matchId, target: match.target, resource: donation.resource, amountFen, disbursedFen: match.disbursedFen + amountFen },
      },
    ];
  },
};
