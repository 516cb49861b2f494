/**
 * The policy-optimization lab (issue 13): problems with a known-good reference policy
 * ({@link org.saferlhub.policy.Bandit}: the burning building, or any bandit a user defines), the
 * exact optimum of the KL-regularised objective ({@link org.saferlhub.policy.Tilt}), and the
 * policy-optimization algorithms that approach it, one file each.
 */
@NullMarked
package org.saferlhub.policy;

import org.jspecify.annotations.NullMarked;
