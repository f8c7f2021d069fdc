/**
 * {@code tsnlat campaign PLAN}: many runs over many hosts, each end started by the agent on its
 * host ({@link org.tsnlat.agent.AgentClient}), every run directory collected under one campaign
 * directory with an index, resumed after an interruption, ended by a comparison of all runs.
 * docs/campaign.md describes the plan ({@link org.tsnlat.campaign.CampaignPlan}, its one owner) and
 * the directory ({@link org.tsnlat.campaign.CampaignIndex}).
 */
package org.tsnlat.campaign;
